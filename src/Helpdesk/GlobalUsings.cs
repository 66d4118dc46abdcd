global using FluentValidation;
global using Helpdesk.Infrastructure.Data;
global using Helpdesk.Infrastructure.Web;
global using MediatR;
global using Microsoft.EntityFrameworkCore;
