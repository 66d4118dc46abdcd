namespace Helpdesk.Infrastructure.Web;

/// <summary>A use case that maps its own HTTP endpoint; found by scanning at start-up.</summary>
public interface IEndpoint
{
    static abstract void Map(IEndpointRouteBuilder app);
}
