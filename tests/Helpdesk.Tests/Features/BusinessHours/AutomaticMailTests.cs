using System.Text;
using Helpdesk.Features.BusinessHours;
using MimeKit;

namespace Helpdesk.Tests.Features.BusinessHours;

public class AutomaticMailTests
{
    private static MimeMessage Mail(string headers) => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(
        headers + "Subject: Re: your order\r\nMessage-ID: <a1@example.net>\r\nDate: Mon, 23 Nov 2026 21:04:00 +0100\r\n" +
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello\r\n")));

    [Theory]
    [InlineData("From: Anna <anna@example.net>\r\nAuto-Submitted: auto-replied\r\n")]
    [InlineData("From: Anna <anna@example.net>\r\nAuto-Submitted: auto-generated\r\n")]
    [InlineData("From: News <news@example.net>\r\nPrecedence: bulk\r\n")]
    [InlineData("From: List <list@example.net>\r\nPrecedence: list\r\n")]
    [InlineData("From: List <members@example.net>\r\nList-Id: <members.example.net>\r\n")]
    [InlineData("From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\r\n")]
    [InlineData("From: Shop <noreply@shop.example>\r\n")]
    [InlineData("From: Shop <no-reply+orders@shop.example>\r\n")]
    [InlineData("From: Anna <anna@example.net>\r\nReturn-Path: <>\r\n")]
    [InlineData("From: Anna <anna@example.net>\r\nX-Auto-Response-Suppress: All\r\n")]
    public void Mail_a_machine_sent_is_automatic(string headers) => Assert.True(AutomaticMail.IsAutomatic(Mail(headers)));

    [Theory]
    [InlineData("From: Anna <anna@example.net>\r\n")]
    [InlineData("From: Anna <anna@example.net>\r\nAuto-Submitted: no\r\n")]
    [InlineData("From: Noreen <noreen@example.net>\r\nPrecedence: first-class\r\n")]
    public void Mail_a_person_wrote_is_not(string headers) => Assert.False(AutomaticMail.IsAutomatic(Mail(headers)));
}
